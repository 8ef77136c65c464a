/**
 * What the SIMD kernels of every family share: the float species they compute with
 * ({@link dev.conv4j.kernel.simd.SimdSpecies}, loaded only when
 * {@link dev.conv4j.kernel.Vectorization#enabled()}), and where float arrays start relative to a
 * vector in memory ({@link dev.conv4j.kernel.simd.ArrayAlignment}, which needs no Vector API).
 */
package dev.conv4j.kernel.simd;
