package org.unet4j.autodiff;

/**
 * Pooling and upsampling primitives a backend provides, each with its backward pass.
 */
public interface ImagingKernels {
}
