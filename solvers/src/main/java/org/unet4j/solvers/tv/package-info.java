/**
 * Total-variation proximal operators, the forward problem of Djolonga and Krause's differentiable graph-cut
 * relaxation: the exact weighted 1-D prox (Condat), weighted anisotropic 2-D prox by accelerated dual block descent
 * with a certified stopping rule, and the isotonic regression that refines an approximate 2-D solution.
 */
package org.unet4j.solvers.tv;
