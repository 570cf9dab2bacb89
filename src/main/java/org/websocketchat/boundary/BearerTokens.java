package org.websocketchat.boundary;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Signed tokens for sites that sign users in elsewhere ({@code chat.auth.token-secret} for HS256,
 * {@code chat.auth.token-public-key} for RS256 or ES256). Nimbus JOSE+JWT checks the signature
 * with the configured key only, for the algorithms that key allows ({@code none} and algorithm
 * confusion are refused), and the claims: {@code sub} and {@code exp} are required and an expired
 * token is refused. {@code sub} becomes the member's name, a {@code roles} claim (a list of
 * strings) its roles.
 *
 * <p>The client presents the token as a WebSocket subprotocol, {@code bearer.<token>}, beside
 * {@code chat.v1}: a request header, which servers' access logs leave out by default, where a
 * query parameter would be written to every access log. The token is never logged here.
 */
public final class BearerTokens {

    /** The subprotocol prefix a token is offered under. */
    public static final String PREFIX = "bearer.";

    /** Accepts no token: a client that offers one is refused. */
    public static final BearerTokens NONE = new BearerTokens(null);

    /** Who a valid token says the client is. */
    public record Bearer(String name, Set<String> roles) {

        public Bearer {
            roles = Set.copyOf(roles);
        }
    }

    /** A token's verdict: the bearer, or why it was refused (a close reason, naming nothing of the token). */
    public record Verdict(Optional<Bearer> bearer, Optional<String> refusal) {

        static Verdict of(Bearer bearer) {
            return new Verdict(Optional.of(bearer), Optional.empty());
        }

        static Verdict refused(String reason) {
            return new Verdict(Optional.empty(), Optional.of(reason));
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor;

    private BearerTokens(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /**
     * Tokens signed with {@code secret} (HS256; at least 32 bytes, as RFC 7518 asks) and, if
     * {@code publicKeyPem} is not blank, with the private key of that PEM public key (RS256 for
     * RSA, ES256 for an EC key on P-256). Both blank: {@link #NONE}.
     */
    public static BearerTokens of(String secret, String publicKeyPem) {
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (!secret.isEmpty()) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes, got " + bytes.length);
            }
            keys.add(new OctetSequenceKey.Builder(bytes).build());
            algorithms.add(JWSAlgorithm.HS256);
        }
        if (!publicKeyPem.isBlank()) {
            PublicKey key = publicKey(publicKeyPem);
            if (key instanceof RSAPublicKey rsa) {
                keys.add(new RSAKey.Builder(rsa).build());
                algorithms.add(JWSAlgorithm.RS256);
            } else if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                keys.add(new ECKey.Builder(Curve.P_256, ec).build());
                algorithms.add(JWSAlgorithm.ES256);
            } else {
                throw new IllegalArgumentException("expected an RSA public key or an EC public key on P-256");
            }
        }
        if (keys.isEmpty()) {
            return NONE;
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().build(), Set.of("sub", "exp")));
        return new BearerTokens(processor);
    }

    public boolean accepted() {
        return processor != null;
    }

    /** The token among offered subprotocols, if one is. */
    public static Optional<String> offered(List<String> subprotocols) {
        for (String offer : subprotocols) {
            for (String protocol : offer.split(",")) {
                String trimmed = protocol.strip();
                if (trimmed.startsWith(PREFIX)) {
                    return Optional.of(trimmed.substring(PREFIX.length()));
                }
            }
        }
        return Optional.empty();
    }

    /** Checks {@code token}: signature, algorithm, {@code sub}, {@code exp}. */
    public Verdict verify(String token) {
        if (processor == null) {
            return Verdict.refused("tokens are not accepted here");
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            List<String> roles = claims.getStringListClaim("roles");
            return Verdict.of(new Bearer(claims.getSubject(), roles == null ? Set.of() : Set.copyOf(roles)));
        } catch (BadJWTException e) {
            return Verdict.refused(e.getMessage() != null && e.getMessage().contains("xpired") ? "token expired" : "token not accepted");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Verdict.refused("token not accepted");
        }
    }

    private static PublicKey publicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not a key of this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("expected a PEM public key (-----BEGIN PUBLIC KEY-----) of RSA or EC");
    }
}
