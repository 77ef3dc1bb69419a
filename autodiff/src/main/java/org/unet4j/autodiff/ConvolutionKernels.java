package org.unet4j.autodiff;

/**
 * Convolution primitives a backend provides: forward, gradient with respect to the input, gradient with
 * respect to the weights. Transposed convolution is the gradient-with-respect-to-input pass read forwards.
 */
public interface ConvolutionKernels {
}
