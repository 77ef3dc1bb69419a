/**
 * The ResNet-encoder U-Nets of the SoftCut thesis (Bonfiglio 2022, Section 3): segmentation_models_pytorch's U-Net
 * on torchvision's ResNet-18 / ResNet-34 ({@link org.unet4j.layers.resnet.ResNet}), built as a configuration of the
 * one {@link org.unet4j.layers.topology.UNetTopology}. {@link org.unet4j.layers.resnet.ResNetEncoder} and
 * {@link org.unet4j.layers.resnet.ResNetUNetDecoder} are its two halves, so that a network can share one encoder
 * between several decoders (the SoftCut U-Net of Figure 14, {@code org.unet4j.layers.softcut.SoftCutResNetUNet});
 * {@link org.unet4j.layers.resnet.ResNetUNet} is smp's {@code Unet} itself. A package of its own because the
 * encoder is general (any segmentation network may use it), while {@code softcut} holds what is SoftCut's.
 */
package org.unet4j.layers.resnet;
