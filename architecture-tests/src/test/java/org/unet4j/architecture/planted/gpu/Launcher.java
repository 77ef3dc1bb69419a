package org.unet4j.architecture.planted.gpu;

import com.aparapi.Kernel;

/** Planted for the rule tests: an Aparapi import outside the OpenCL package. */
public final class Launcher {
    private Launcher() {
    }

    /** The kernel's type, named here only to depend on Aparapi. */
    public static Class<?> kernelType() {
        return Kernel.class;
    }
}
