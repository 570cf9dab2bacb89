package org.websocketchat.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A WebSocket client on a bare socket, for peers the Tyrus client cannot imitate: one that
 * stops reading (with a tiny receive buffer), one that never answers pings, one that sends no
 * {@code Origin} or a hostile one. It answers nothing on its own, pings included: a test that
 * plays a reading client answers them with {@link #answer}.
 */
public final class RawClient implements AutoCloseable {

    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        public String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    public record Close(int code, String reason) {
    }

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;

    private RawClient(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /**
     * Opens the handshake; {@code origin} and {@code subprotocol} may be null (header not sent).
     * {@code receiveBuffer} > 0 shrinks the socket's receive buffer before connecting.
     */
    public static RawClient connect(URI uri, String origin, String subprotocol, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) ChatClient.TIMEOUT.toMillis());
        socket.setSoTimeout((int) ChatClient.TIMEOUT.toMillis());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (origin != null) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        if (subprotocol != null) {
            request.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        InputStream raw = socket.getInputStream();
        String statusLine = readHeaders(raw);
        return new RawClient(socket, Integer.parseInt(statusLine.split(" ")[1]));
    }

    /** The HTTP status of the handshake: 101 when the upgrade was accepted. */
    public int status() {
        return status;
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A text frame with exactly these bytes as its payload, valid UTF-8 or not. */
    public void sendTextBytes(byte[] payload) throws IOException {
        send(TEXT, payload);
    }

    /**
     * An unsolicited pong: a one-way keep-alive that RFC 6455 allows. The server counts it as a
     * sign of life, not as an answer to its ping.
     */
    public void sendPong() throws IOException {
        send(PONG, new byte[0]);
    }

    /** The answer to a ping: a pong that echoes its payload, as browsers and Tyrus send on their own. */
    public void answer(Frame ping) throws IOException {
        send(PONG, ping.payload());
    }

    public void sendBinary(byte[] data) throws IOException {
        send(BINARY, data);
    }

    /** The next frame, whatever it is; fails if none arrives in time. */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /**
     * The next text frame, answering any ping before it: the heartbeat may ping a connection
     * before its welcome.
     */
    public Frame nextText() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == TEXT) {
                return frame;
            }
            if (frame.opcode() == PING) {
                answer(frame);
            } else {
                throw new AssertionError("expected a text frame, got opcode " + frame.opcode());
            }
        }
    }

    /**
     * Reads frames until the server's close frame, as a client that keeps up does: pings are
     * answered, each text frame goes to {@code onText}. Returns the close; fails with the
     * IOException of a connection closed or dropped first. A pong that can no longer be written
     * (the server may close its end right after its close frame, which a ping came just before)
     * is no reason to stop: the close frame may already be here to read.
     */
    public Close readUntilClose(Consumer<Frame> onText) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = read();
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            switch (frame.opcode()) {
                case CLOSE -> {
                    return new Close(frame.closeCode(), frame.closeReason());
                }
                case PING -> answerIfStillOpen(frame);
                case TEXT -> onText.accept(frame);
                default -> {
                }
            }
        }
    }

    private void answerIfStillOpen(Frame ping) {
        try {
            answer(ping);
        } catch (IOException closedByTheServer) {
            // Reading goes on: the next read returns the close frame or fails on its own.
        }
    }

    /**
     * Reads (and drops) frames until the server's close frame, without answering pings; fails
     * if none comes within {@code timeout}.
     */
    public Close awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame;
            try {
                frame = read();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (EOFException e) {
                throw new AssertionError("connection dropped without a close frame", e);
            }
            if (frame.opcode() == CLOSE) {
                return new Close(frame.closeCode(), frame.closeReason());
            }
        }
        throw new AssertionError("no close frame within " + timeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Drops the connection as a crash or a network failure does: a TCP reset, no close frame. */
    public void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Writers on several threads (a keep-alive and a test) must not interleave their frames. */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the response head byte by byte, so no frame byte after it is consumed. */
    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
