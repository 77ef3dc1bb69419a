package org.unet4j.autodiff;

/**
 * Normalisation primitives a backend provides: per-group statistics, normalisation and the fused backward.
 */
public interface NormalizationKernels {
}
