/**
 * Volumes {@code [depth, height, width]} read plane by plane: {@link dev.conv4j.io.volume.VolumeSource}
 * (from memory or from a file), {@link dev.conv4j.io.volume.MappedVolume} (an uncompressed
 * {@code .npy}, {@code .nii} or raw voxels, memory-mapped, so of any size) and
 * {@link dev.conv4j.io.volume.VolumeShapes} (a shape with extra axes of size 1 seen as a volume).
 */
package dev.conv4j.io.volume;
