package dev.conv4j.io.nifti;

import dev.conv4j.tensor.Tensor;
import java.util.List;

/**
 * A NIfTI-1 image in memory: its header, extensions and data as float32 in C order
 * ({@code [nz, ny, nx]} for a volume; x fastest, as on disk), with {@code scl_slope}/{@code
 * scl_inter} already applied.
 */
public record NiftiVolume(NiftiHeader header, List<NiftiExtension> extensions, Tensor data) {
    public NiftiVolume {
        extensions = List.copyOf(extensions);
    }
}
