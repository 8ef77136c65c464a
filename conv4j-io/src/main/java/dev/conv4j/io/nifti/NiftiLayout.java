package dev.conv4j.io.nifti;

import java.util.List;

/**
 * Where and how a .nii file holds its voxels, read from the header alone: what a memory-mapped
 * (out-of-core) reader needs.
 *
 * @param header the header
 * @param extensions the extensions found between the header and the data
 * @param dataOffset the byte where the voxels start (vox_offset, or 352 when a file says 0)
 * @param datatype the stored type
 * @param shape the C-order shape, {@code [nz, ny, nx]} for a volume
 * @param compressed whether the file is gzip-compressed (.nii.gz), which cannot be mapped
 */
public record NiftiLayout(NiftiHeader header, List<NiftiExtension> extensions, long dataOffset,
                          NiftiDatatype datatype, int[] shape, boolean compressed) {
    public NiftiLayout {
        extensions = List.copyOf(extensions);
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of voxels, exactly. */
    public long voxelCount() {
        long n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, (long) s);
        }
        return n;
    }

    /** Bytes of voxel data the header promises. */
    public long dataBytes() {
        return Math.multiplyExact(voxelCount(), (long) datatype.bytes());
    }

    /** The stored value converted as the header says: {@code v * scl_slope + scl_inter} when scaled. */
    public float scale(double stored) {
        return header.scaled() ? (float) (stored * header.sclSlope() + header.sclInter()) : (float) stored;
    }
}
