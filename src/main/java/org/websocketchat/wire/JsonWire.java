package org.websocketchat.wire;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.ServerFrame;

/**
 * JSON mode, subprotocol {@value #SUBPROTOCOL}, through the JSR 356 codecs. They are called here
 * rather than registered on the endpoint: a container calls a registered encoder once per
 * recipient, while a broadcast must be encoded once for all of them.
 */
public final class JsonWire implements Wire {

    public static final String SUBPROTOCOL = "chat.v1";

    private final ChatV1Decoder decoder = new ChatV1Decoder();
    private final ChatV1Encoder encoder = new ChatV1Encoder();

    @Override
    public ClientCommand read(String frame) {
        return decoder.decode(frame);
    }

    @Override
    public String write(ServerFrame frame) {
        return encoder.encode(frame);
    }
}
