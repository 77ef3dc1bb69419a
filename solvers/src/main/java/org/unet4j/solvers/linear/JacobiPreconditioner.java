package org.unet4j.solvers.linear;

/**
 * The diagonal preconditioner {@code M = diag(A)}: {@code z_i = r_i / a_ii}. For {@code A = I + L_w} it rescales
 * rows with large total edge weight; it does nothing about the grid-size dependence of the condition number.
 */
public final class JacobiPreconditioner implements Preconditioner {
    private final double[] inverseDiagonal;

    /**
     * @param diagonal the diagonal of {@code A}, all entries positive and finite (copied)
     * @throws IllegalArgumentException naming the first entry that is not
     */
    public JacobiPreconditioner(double[] diagonal) {
        inverseDiagonal = new double[diagonal.length];
        for (int i = 0; i < diagonal.length; i++) {
            if (!(diagonal[i] > 0) || diagonal[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Jacobi needs a positive finite diagonal, entry " + i + " is "
                        + diagonal[i] + " (the matrix is not positive definite)");
            }
            inverseDiagonal[i] = 1 / diagonal[i];
        }
    }

    /** The Jacobi preconditioner of a SoftCut system, from {@link GridLaplacianSystem#diagonal(double[])}. */
    public static JacobiPreconditioner of(GridLaplacianSystem system) {
        double[] diagonal = new double[system.size()];
        system.diagonal(diagonal);
        return new JacobiPreconditioner(diagonal);
    }

    @Override
    public void apply(double[] r, double[] z) {
        double[] d = inverseDiagonal;
        for (int i = 0; i < d.length; i++) {
            z[i] = r[i] * d[i];
        }
    }

    @Override
    public String toString() {
        return "Jacobi";
    }
}
