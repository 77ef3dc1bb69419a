package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.NormalizationKernels;

/** The CPU backend's normalization kernels. */
final class CpuNormalization implements NormalizationKernels {
    static final CpuNormalization INSTANCE = new CpuNormalization();

    private CpuNormalization() {
    }
}
