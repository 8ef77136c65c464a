/**
 * Filtering real data with conv4j: named kernels ({@link dev.conv4j.filters.Kernels}), images,
 * signals and volumes filtered as depthwise convolutions through conv4j's planner
 * ({@link dev.conv4j.filters.Filtering}), volumes larger than memory streamed in slabs with a
 * halo ({@link dev.conv4j.filters.SlabFilter}, bit-for-bit the in-memory result), and pictures
 * as drawings ({@code dev.conv4j.draw}, written as PNG or SVG): contact sheets, line plots, slice
 * montages.
 *
 * <p>Conventions, chosen to match {@code scipy.ndimage.correlate} and OpenCV's {@code filter2D}:
 * cross-correlation (the kernel is not flipped unless asked), the kernel's centre at index
 * {@code k/2} on each axis, and the default boundary {@code REFLECT} = OpenCV's
 * {@code BORDER_DEFAULT} ({@code BORDER_REFLECT_101}) = scipy's {@code 'mirror'}. scipy's own
 * default {@code 'reflect'} is conv4j's {@code SYMMETRIC}.
 */
package dev.conv4j.filters;
