/**
 * The U-type networks the Continuous U-Net is compared with (Tables 6 and 9 of Cheng et al., TMLR 2024), each a
 * builder with its published default configuration and a small one that trains on two cores. Where a network is a
 * U-Net configuration it is built on {@link org.unet4j.layers.topology.UNetTopology}, plus the gates and blocks that
 * are genuinely new; Attention U-Net and DynU-Net also in 1-D and 3-D ({@code spatialDims}), as MONAI defines
 * them. {@link ModelCost} states what a model costs: parameters and FLOPs per inference; {@link MeasuredCost} adds
 * measured inference and train-step times and the peak heap of a train step, as every {@code summary} prints them.
 */
package org.unet4j.layers.zoo;
