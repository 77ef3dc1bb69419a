package org.unet4j.autodiff;

/**
 * Element type of a tensor: float32 for training, float64 for verification (gradcheck, theorem tests).
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes one element occupies. */
    public int bytes() {
        return bytes;
    }

    /** The wider of two types: mixing float32 and float64 computes in float64. */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    @Override
    public String toString() {
        return label;
    }
}
