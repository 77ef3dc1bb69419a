package org.unet4j.experiments.datasets.files;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sampling of tiles the SoftCut thesis applies to Cityscapes (Bonfiglio 2022, Section 3: "the images have been
 * divided into tiles of size 256 x 256 and then the tiles have been sampled in order that the vast majority of them
 * contain the selected classes"): every tile holding a pixel of a selected class is kept, and of the tiles without
 * any, a random subset such that they make at most {@link #BACKGROUND_SHARE} of the kept tiles. A part without any
 * tile of the selected classes keeps all its tiles (its emptiness is then reported as for any other layout). The
 * same seed keeps the same tiles; the kept tiles stay in their original order.
 *
 * @param seed the seed of the choice of background tiles
 */
record TileSampling(long seed) {
    /** The largest share of kept tiles without a selected class. */
    static final double BACKGROUND_SHARE = 0.1;

    /** The sampling for {@code layout} under {@code size}: Cityscapes tiles only, else none (null). */
    static TileSampling of(DatasetLayout layout, SizePolicy size, long seed) {
        return layout == DatasetLayout.CITYSCAPES && size.mode() == SizePolicy.Mode.TILE ? new TileSampling(seed)
                : null;
    }

    /** The indices of the tiles to keep, ascending. */
    List<Integer> keep(List<SizePolicy.Piece> tiles) {
        List<Integer> foreground = new ArrayList<>();
        List<Integer> background = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            boolean any = false;
            for (int label : tiles.get(i).labels()) {
                if (label > 0) {
                    any = true;
                    break;
                }
            }
            (any ? foreground : background).add(i);
        }
        if (foreground.isEmpty()) {
            return background;
        }
        int allowed = (int) Math.floor(BACKGROUND_SHARE / (1 - BACKGROUND_SHARE) * foreground.size() + 1e-9);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = background.size() - 1; i > 0; i--) {
            Collections.swap(background, i, rng.nextInt(i + 1));
        }
        List<Integer> kept = new ArrayList<>(foreground);
        kept.addAll(background.subList(0, Math.min(allowed, background.size())));
        Collections.sort(kept);
        return kept;
    }
}
