package dev.conv4j.spec;

/**
 * A convolution problem that cannot be computed: wrong ranks, mismatched channels, bad
 * strides, an empty output. Raised before any work; the message names the argument, the
 * shapes seen and the rule broken.
 */
public class ConvShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String argument;

    public ConvShapeException(String argument, String message) {
        super(message);
        this.argument = argument;
    }

    /** The argument at fault: {@code input}, {@code filter}, {@code strides}, {@code padding}, ... */
    public String argument() {
        return argument;
    }
}
