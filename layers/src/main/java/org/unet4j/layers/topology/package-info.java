/**
 * The one U-Net topology and the vocabulary its levels are built from; every U-Net of the framework is a
 * configuration of it.
 *
 * <ul>
 *   <li>{@link org.unet4j.layers.topology.UNetTopology}: levels (encoder, down, up, {@link
 *       org.unet4j.layers.topology.SkipJoin skip join}, decoder, side output), bottleneck, stem, head and image
 *       pyramid, each stage a list of named {@link org.unet4j.layers.topology.Part}s; its
 *       {@link org.unet4j.layers.topology.UNetGeometry size rules} follow from the levels' factors and the parts'
 *       shrinks.</li>
 *   <li>{@link org.unet4j.layers.topology.UNetModules}: the modules built in one fixed order (so a seed gives the
 *       same weights), registered in their owner under the parts' names (so checkpoints keep their keys), the
 *       forward pass, and every stage with its output size (what summaries print and cost counts sum over).</li>
 *   <li>{@link org.unet4j.layers.topology.SpatialLayers}: the only place that knows the spatial dimensionality
 *       (convolutions, norms, pooling, up-sampling, layout, crop).</li>
 *   <li>{@link org.unet4j.layers.topology.BlockSettings}, {@link org.unet4j.layers.topology.ConvPadding},
 *       {@link org.unet4j.layers.topology.Norm}, {@link org.unet4j.layers.topology.Activation},
 *       {@link org.unet4j.layers.topology.ModuleFactory}: what a block is built with.</li>
 * </ul>
 *
 * <p>Packages depend one way: {@code topology} &lt;- {@code unet.blocks} &lt;- {@code unet} (the networks and the
 * block zoo's factories), and {@code softcut} and {@code splitting} build on {@code topology}.
 */
package org.unet4j.layers.topology;
