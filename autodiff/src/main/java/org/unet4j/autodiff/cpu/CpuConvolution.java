package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels;

/** The CPU backend's convolution kernels. */
final class CpuConvolution implements ConvolutionKernels {
    static final CpuConvolution INSTANCE = new CpuConvolution();

    private CpuConvolution() {
    }
}
