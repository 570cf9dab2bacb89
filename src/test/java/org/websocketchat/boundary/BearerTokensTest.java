package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;

/** Tokens signed for real, with keys made here, checked by {@link BearerTokens}. */
class BearerTokensTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant IN_AN_HOUR = Instant.now().plusSeconds(3600);

    static String signed(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static JWTClaimsSet claims(String subject, Instant expires, List<String> roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject);
        if (expires != null) {
            claims.expirationTime(java.util.Date.from(expires));
        }
        if (roles != null) {
            claims.claim("roles", roles);
        }
        return claims.build();
    }

    private static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static BearerTokens.Verdict accepted(String name, Set<String> roles) {
        return new BearerTokens.Verdict(Optional.of(new BearerTokens.Bearer(name, roles)), Optional.empty());
    }

    private static BearerTokens.Verdict refused(String reason) {
        return new BearerTokens.Verdict(Optional.empty(), Optional.of(reason));
    }

    @Test
    void anHs256TokenNamesItsSubjectAndRoles() throws Exception {
        BearerTokens tokens = BearerTokens.of(SECRET, "");

        String token = signed(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256,
                claims("ana", IN_AN_HOUR, List.of("chat-moderator")));

        assertEquals(accepted("ana", Set.of("chat-moderator")), tokens.verify(token));
    }

    @Test
    void anExpiredOneIsRefusedAsExpiredAndOneWithoutExpiryOrSubjectAsNotAccepted() throws Exception {
        BearerTokens tokens = BearerTokens.of(SECRET, "");
        MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));

        assertEquals(refused("token expired"),
                tokens.verify(signed(signer, JWSAlgorithm.HS256, claims("ana", Instant.now().minusSeconds(3600), null))));
        assertEquals(refused("token not accepted"), tokens.verify(signed(signer, JWSAlgorithm.HS256, claims("ana", null, null))));
        assertEquals(refused("token not accepted"), tokens.verify(signed(signer, JWSAlgorithm.HS256, claims(null, IN_AN_HOUR, null))));
    }

    @Test
    void aForgedAnUnsignedOrAMalformedTokenIsNotAccepted() throws Exception {
        BearerTokens tokens = BearerTokens.of(SECRET, "");
        String forged = signed(new MACSigner("another secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8)),
                JWSAlgorithm.HS256, claims("ana", IN_AN_HOUR, null));

        assertEquals(refused("token not accepted"), tokens.verify(forged));
        assertEquals(refused("token not accepted"), tokens.verify(new PlainJWT(claims("ana", IN_AN_HOUR, null)).serialize()));
        assertEquals(refused("token not accepted"), tokens.verify("not.a.token"));
    }

    @Test
    void rs256AndEs256TokensAreCheckedWithThePublicKeyAndAnHmacMadeWithThatKeyIsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        BearerTokens byRsa = BearerTokens.of("", pem(rsa.toRSAPublicKey()));
        BearerTokens byEc = BearerTokens.of("", pem(ec.toECPublicKey()));

        assertEquals(accepted("bo", Set.of()), byRsa.verify(signed(new RSASSASigner(rsa), JWSAlgorithm.RS256, claims("bo", IN_AN_HOUR, null))));
        assertEquals(accepted("cy", Set.of()), byEc.verify(signed(new ECDSASigner(ec), JWSAlgorithm.ES256, claims("cy", IN_AN_HOUR, null))));
        String confused = signed(new MACSigner(pem(rsa.toRSAPublicKey()).getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256,
                claims("mallory", IN_AN_HOUR, null));
        assertEquals(refused("token not accepted"), byRsa.verify(confused));
    }

    @Test
    void withoutAKeyEveryTokenIsRefusedAndAShortSecretOrABadKeyFailsTheConfiguration() {
        assertEquals(refused("tokens are not accepted here"), BearerTokens.NONE.verify("a.b.c"));
        assertEquals(BearerTokens.NONE, BearerTokens.of("", " "));
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.of("short", ""));
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.of("", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
    }

    @Test
    void theTokenIsFoundAmongTheOfferedSubprotocolsHoweverTheyAreSplitIntoHeaders() {
        assertEquals(Optional.of("a.b.c"), BearerTokens.offered(List.of("chat.v1, bearer.a.b.c")));
        assertEquals(Optional.of("a.b.c"), BearerTokens.offered(List.of("chat.v1", "bearer.a.b.c")));
        assertEquals(Optional.empty(), BearerTokens.offered(List.of("chat.v1")));
    }
}
