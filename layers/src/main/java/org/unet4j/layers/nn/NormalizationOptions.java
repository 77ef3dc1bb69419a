package org.unet4j.layers.nn;

/** The settled options of a {@link BatchNorm2d} or {@link InstanceNorm2d}; see {@link NormalizationBuilder}. */
record NormalizationOptions(int channels, double eps, double momentum, boolean affine, boolean trackRunningStats) {

    /** The channel count, then whatever differs from PyTorch's defaults for a layer with the given ones. */
    String describe(boolean defaultAffine, boolean defaultTracking) {
        StringBuilder s = new StringBuilder().append(channels);
        if (eps != NormalizationBuilder.DEFAULT_EPS) {
            s.append(", eps ").append(eps);
        }
        if (trackRunningStats && momentum != NormalizationBuilder.DEFAULT_MOMENTUM) {
            s.append(", momentum ").append(momentum);
        }
        if (affine != defaultAffine) {
            s.append(affine ? ", affine" : ", no affine");
        }
        if (trackRunningStats != defaultTracking) {
            s.append(trackRunningStats ? ", running stats" : ", no running stats");
        }
        return s.toString();
    }
}
