/**
 * What the SIMD kernels of every family share about the Vector API: the float species they
 * compute with. Loaded only when {@link dev.conv4j.kernel.Vectorization#enabled()}.
 */
package dev.conv4j.kernel.simd;
