package dev.conv4j.explain.web;

/**
 * A request the server refuses, answered as {@code {"error": message, "argument": argument}} with
 * its HTTP status (400 for anything the client got wrong).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String argument;

    ApiException(int status, String argument, String message) {
        super(message);
        this.status = status;
        this.argument = argument;
    }

    static ApiException badRequest(String argument, String message) {
        return new ApiException(400, argument, message);
    }

    int status() {
        return status;
    }

    String argument() {
        return argument;
    }
}
