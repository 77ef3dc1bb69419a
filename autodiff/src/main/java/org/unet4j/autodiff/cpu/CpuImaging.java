package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ImagingKernels;

/** The CPU backend's imaging kernels. */
final class CpuImaging implements ImagingKernels {
    static final CpuImaging INSTANCE = new CpuImaging();

    private CpuImaging() {
    }
}
