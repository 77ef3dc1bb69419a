package org.unet4j.autodiff.opencl;

/**
 * An OpenCL kernel could not run on its device (it failed to compile, to launch, or Aparapi fell back to its Java
 * thread pool). The backend never pretends such a kernel ran on OpenCL.
 */
public final class KernelFallbackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KernelFallbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
