/**
 * Symmetric positive definite linear solvers on plain {@code double[]} vectors, built around the SoftCut system
 * {@code (I + L_w) x = p} on d-dimensional grids (Bonfiglio, SoftCut thesis 2022, eq. 14-16 and 22-23).
 *
 * <ul>
 *   <li>{@link org.unet4j.solvers.linear.GridLaplacianSystem}: the operator, held as one edge-weight array per
 *       axis, applied matrix-free, assembled to EJML's {@code DMatrixSparseCSC} on request.</li>
 *   <li>{@link org.unet4j.solvers.linear.ConjugateGradient}: matrix-free (preconditioned) CG, the thesis's
 *       Algorithm 2, with a {@link org.unet4j.solvers.linear.StoppingRule} and a
 *       {@link org.unet4j.solvers.linear.Preconditioner} seam: identity, Jacobi, multigrid.</li>
 *   <li>{@link org.unet4j.solvers.linear.GridMultigrid}: geometric multigrid with Galerkin coarse operators; a
 *       symmetric V-cycle, alone or as CG's preconditioner. The choice when weights are large (up to 1e3: about 9
 *       iterations where plain CG needs about 480).</li>
 *   <li>{@link org.unet4j.solvers.linear.SparseCholesky}: the exact solve after a
 *       {@link org.unet4j.solvers.linear.NestedDissection} ordering, by our multifrontal factorisation or EJML's
 *       up-looking one; the factor is reused for further right-hand sides (SoftCut's backward solve) and its
 *       symbolic part for new values on the same grid.</li>
 * </ul>
 *
 * <p>{@code ./unet4j bench solvers --reference} times them beside SciPy. Instances that hold work
 * arrays (the solvers, the multigrid hierarchy, the factorisations) are not thread-safe: one per thread.
 */
package org.unet4j.solvers.linear;
