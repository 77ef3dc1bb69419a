package org.unet4j.autodiff.opencl;

/**
 * One {@link ArenaKernel#SEPARABLE} launch packed for the kernel: the geometry ({@code meta}), the integer table
 * (every axis's row starts as absolute entry numbers, then every entry's input index) and the entry weights.
 */
record SeparableLaunch(int[] meta, int[] table, double[] weights) {

    /** The map applying {@code axes[a]} along spatial axis a. */
    static SeparableLaunch of(AxisTable[] axes) {
        int rank = axes.length;
        int rowsLength = 0;
        int entries = 0;
        int inVolume = 1;
        int outVolume = 1;
        for (AxisTable t : axes) {
            rowsLength += t.out + 1;
            entries += t.index.length;
            inVolume *= t.in;
            outVolume *= t.out;
        }
        int[] meta = new int[ArenaKernel.SEPARABLE_AXES + 3 * rank];
        int[] table = new int[rowsLength + entries];
        double[] weights = new double[Math.max(1, entries)];
        meta[ArenaKernel.PLANE_IN] = inVolume;
        meta[ArenaKernel.PLANE_OUT] = outVolume;
        meta[ArenaKernel.SEPARABLE_ENTRIES] = rowsLength;
        int rowAt = 0;
        int entryAt = 0;
        for (int a = 0; a < rank; a++) {
            AxisTable t = axes[a];
            meta[ArenaKernel.SEPARABLE_AXES + a] = t.in;
            meta[ArenaKernel.SEPARABLE_AXES + rank + a] = t.out;
            meta[ArenaKernel.SEPARABLE_AXES + 2 * rank + a] = rowAt;
            for (int j = 0; j <= t.out; j++) {
                table[rowAt + j] = entryAt + t.rowStart[j];
            }
            System.arraycopy(t.index, 0, table, rowsLength + entryAt, t.index.length);
            System.arraycopy(t.weight, 0, weights, entryAt, t.weight.length);
            rowAt += t.out + 1;
            entryAt += t.index.length;
        }
        return new SeparableLaunch(meta, table, weights);
    }

    /** The adjoint map: every axis transposed. */
    static SeparableLaunch adjointOf(AxisTable[] axes) {
        AxisTable[] transposed = new AxisTable[axes.length];
        for (int a = 0; a < axes.length; a++) {
            transposed[a] = axes[a].transpose();
        }
        return of(transposed);
    }
}
