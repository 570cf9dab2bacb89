package org.websocketchat.relay;

/** Redis could not be reached, or did not answer in time: the relay cannot serve for now. */
final class RelayUnavailableException extends RuntimeException {

    RelayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
