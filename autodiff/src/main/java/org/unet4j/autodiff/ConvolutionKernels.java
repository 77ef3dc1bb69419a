package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * Convolution primitives a backend provides: forward, gradient with respect to the input, gradient with respect to
 * the weights, gradient with respect to the bias. A transposed convolution is the gradient-with-respect-to-input
 * pass read forwards, so these four cover both.
 *
 * <p>Tensors are channels-first, {@code [N, C, spatial...]}; a {@link Geometry} gives one entry per spatial axis,
 * so the same primitives serve images (two axes) and volumes (three). Writing {@code q} for an output position,
 * {@code kappa} for a kernel offset and {@code i(q, kappa) = q * stride + kappa * dilation - padBefore} (per axis)
 * for the input position they meet, with groups splitting the channels into {@code groups} equal blocks
 * (output channel {@code o} sees the input channels of its block, {@code c = g * Cin/groups + c'}):
 * <pre>
 *   y[n, o, q]      = bias[o] + sum_{c', kappa} w[o, c', kappa] * x[n, c, i(q, kappa)]      (x = 0 outside)
 *   dx[n, c, i]     = sum_{o in block, kappa, q : i(q, kappa) = i} w[o, c', kappa] * gy[n, o, q]
 *   dw[o, c', kappa] = sum_{n, q} gy[n, o, q] * x[n, c, i(q, kappa)]
 *   db[o]           = sum_{n, q} gy[n, o, q]
 * </pre>
 * Arguments are validated by the ops before they arrive here; all tensors of one call share a dtype, and results
 * have that dtype.
 */
public interface ConvolutionKernels {

    /**
     * The sizes of one convolution: batch, channels and groups, and per spatial axis the input size, kernel size,
     * output size, stride, dilation and the zero padding before the first input element. The padding after the
     * last element is implied by the output size (positions past the input read zeros).
     */
    record Geometry(int batch, int inChannels, int outChannels, int groups, int[] input, int[] kernel, int[] output,
            int[] stride, int[] dilation, int[] padBefore) {
        public Geometry {
            input = input.clone();
            kernel = kernel.clone();
            output = output.clone();
            stride = stride.clone();
            dilation = dilation.clone();
            padBefore = padBefore.clone();
        }

        @Override
        public int[] input() {
            return input.clone();
        }

        @Override
        public int[] kernel() {
            return kernel.clone();
        }

        @Override
        public int[] output() {
            return output.clone();
        }

        @Override
        public int[] stride() {
            return stride.clone();
        }

        @Override
        public int[] dilation() {
            return dilation.clone();
        }

        @Override
        public int[] padBefore() {
            return padBefore.clone();
        }

        /** Number of spatial axes (2 for images). */
        public int axes() {
            return input.length;
        }

        /** Input size along spatial axis {@code a}. */
        public int input(int a) {
            return input[a];
        }

        /** Kernel size along spatial axis {@code a}. */
        public int kernel(int a) {
            return kernel[a];
        }

        /** Output size along spatial axis {@code a}. */
        public int output(int a) {
            return output[a];
        }

        /** Stride along spatial axis {@code a}. */
        public int stride(int a) {
            return stride[a];
        }

        /** Dilation along spatial axis {@code a}. */
        public int dilation(int a) {
            return dilation[a];
        }

        /** Zero padding before the first input element along spatial axis {@code a}. */
        public int padBefore(int a) {
            return padBefore[a];
        }

        /** Input channels each group reads, {@code Cin / groups}. */
        public int inChannelsPerGroup() {
            return inChannels / groups;
        }

        /** Output channels each group writes, {@code Cout / groups}. */
        public int outChannelsPerGroup() {
            return outChannels / groups;
        }

        /** Elements of one input channel plane. */
        public int inputVolume() {
            return product(input);
        }

        /** Elements of one output channel plane. */
        public int outputVolume() {
            return product(output);
        }

        /** Taps of one kernel plane. */
        public int kernelVolume() {
            return product(kernel);
        }

        /** The input shape {@code [N, Cin, input...]}. */
        public Shape inputShape() {
            return channelsFirst(batch, inChannels, input);
        }

        /** The output shape {@code [N, Cout, output...]}. */
        public Shape outputShape() {
            return channelsFirst(batch, outChannels, output);
        }

        /** The weight shape {@code [Cout, Cin / groups, kernel...]}. */
        public Shape weightShape() {
            return channelsFirst(outChannels, inChannelsPerGroup(), kernel);
        }

        private static Shape channelsFirst(int first, int second, int[] spatial) {
            int[] d = new int[2 + spatial.length];
            d[0] = first;
            d[1] = second;
            System.arraycopy(spatial, 0, d, 2, spatial.length);
            return Shape.of(d);
        }

        private static int product(int[] sizes) {
            int p = 1;
            for (int s : sizes) {
                p *= s;
            }
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && batch == g.batch && inChannels == g.inChannels
                    && outChannels == g.outChannels && groups == g.groups && Arrays.equals(input, g.input)
                    && Arrays.equals(kernel, g.kernel) && Arrays.equals(output, g.output)
                    && Arrays.equals(stride, g.stride) && Arrays.equals(dilation, g.dilation)
                    && Arrays.equals(padBefore, g.padBefore);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(new Object[] {batch, inChannels, outChannels, groups, input, kernel, output,
                    stride, dilation, padBefore});
        }

        @Override
        public String toString() {
            return "Geometry[batch=" + batch + ", channels " + inChannels + " -> " + outChannels + ", groups="
                    + groups + ", input=" + Arrays.toString(input) + ", kernel=" + Arrays.toString(kernel)
                    + ", output=" + Arrays.toString(output) + ", stride=" + Arrays.toString(stride) + ", dilation="
                    + Arrays.toString(dilation) + ", padBefore=" + Arrays.toString(padBefore) + "]";
        }
    }

    /** {@code y = conv(x, w) + bias}, of shape {@code g.outputShape()}; the bias ({@code [Cout]}) may be null. */
    Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g);

    /**
     * {@code dx}, of shape {@code g.inputShape()}, for the output gradient {@code gradOut} (shape
     * {@code g.outputShape()}). Read forwards, this is the transposed convolution of {@code gradOut}.
     */
    Tensor backwardInput(Tensor gradOut, Tensor weight, Geometry g);

    /** {@code dw}, of shape {@code g.weightShape()}, summed over the batch. */
    Tensor backwardWeight(Tensor gradOut, Tensor x, Geometry g);

    /** {@code db[o] = sum over every axis but 1 of gradOut[., o, ...]}, a vector of {@code gradOut.dim(1)} entries. */
    Tensor biasGradient(Tensor gradOut);
}
