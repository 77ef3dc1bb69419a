package org.unet4j.autodiff;

import java.util.List;

/**
 * The primitives of a batched conjugate gradient for SoftCut systems {@code (I + L_w) x = b} on grids, which a
 * backend provides so that the solver ({@code GridConjugateGradient} in the solvers module) keeps every vector on
 * the tensors' device and only per-system scalars reach the host.
 *
 * <p>Layout: a vector has shape {@code [m_0, ..., m_(a-1), n_0, ..., n_(d-1)]}; its last d axes are the grid and
 * every index of the leading axes is one independent system, a contiguous segment of {@code n_0 ... n_(d-1)}
 * elements. Axis k's weights have the vector's shape with {@code n_k - 1} along grid axis k, entry e being the
 * weight of the edge between grid points e and {@code e + e_k}. Arithmetic is in the tensors' type, sums are
 * returned in float64. Arguments are validated by the caller.
 */
public interface GridKernels {

    /**
     * {@code out = (I + L_w) x}, that is {@code out_i = x_i + sum_j w_ij (x_i - x_j)} over the grid neighbours j
     * of i, for every system; out is a distinct tensor of x's shape.
     */
    void apply(Tensor x, List<Tensor> weights, Tensor out);

    /**
     * {@code out_i = x_i + alphas[s] y_i} for i in segment s, the tensors split into {@code alphas.length} equal
     * segments; out may be x or y.
     */
    void axpy(Tensor x, double[] alphas, Tensor y, Tensor out);

    /** Per segment of {@code segment} elements: {@code sum x_i y_i}. */
    double[] dots(Tensor x, Tensor y, int segment);

    /** Per segment of {@code segment} elements: {@code sum |x_i|}. */
    double[] absoluteSums(Tensor x, int segment);
}
