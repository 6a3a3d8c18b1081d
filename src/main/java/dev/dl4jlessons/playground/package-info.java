/**
 * The regularization playground ({@code course playground}): a page on 127.0.0.1 where every setting (data, hidden
 * layers, dropout p and batch norm per layer, their order, optimizer, L2) maps to one {@code MultiLayerConfiguration}
 * ({@link dev.dl4jlessons.playground.PlaygroundModel#configuration}) that real DL4J trains while the page watches over
 * Server-Sent Events. The data are TensorFlow Playground's 2-D problems, a 1-D curve, and a class-balanced
 * Fashion-MNIST subset when its files are found ({@link dev.dl4jlessons.playground.PlaygroundFashion}). The server is the Vert.x that DL4J's UI already brings; the charts are Chart.js from its WebJar,
 * served from the jar. Every request is validated ({@link dev.dl4jlessons.playground.PlaygroundSettings}); sessions,
 * sizes and speeds are bounded ({@link dev.dl4jlessons.playground.Sessions}); nothing writes a file.
 */
package dev.dl4jlessons.playground;
