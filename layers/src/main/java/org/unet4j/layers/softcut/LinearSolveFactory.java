package org.unet4j.layers.softcut;

import org.unet4j.solvers.linear.GridLaplacianSystem;

/** Prepares one system for the chosen {@link SoftCut.Solver}; one factory serves all systems of a call. */
@FunctionalInterface
interface LinearSolveFactory {
    LinearSolve prepare(GridLaplacianSystem system);
}
