/**
 * conv4j's file formats: NumPy {@code .npy}, IDX and whole-file helpers ({@code dev.conv4j.io}),
 * images ({@code io.image}), NIfTI-1 ({@code io.nifti}), WAV and CSV signals ({@code io.signal}),
 * memory-mapped volumes ({@code io.volume}) and Zarr v2/v3 ({@code io.zarr}).
 *
 * <p>{@code aircompressor} (Zarr's zstd chunks) has no module name of its own: it is the
 * automatic module its jar's file name gives.
 */
module dev.conv4j.io {
    requires transitive dev.conv4j.core;
    requires transitive java.desktop;
    requires com.fasterxml.jackson.databind;
    requires aircompressor;

    exports dev.conv4j.io;
    exports dev.conv4j.io.image;
    exports dev.conv4j.io.nifti;
    exports dev.conv4j.io.signal;
    exports dev.conv4j.io.volume;
    exports dev.conv4j.io.zarr;
}
