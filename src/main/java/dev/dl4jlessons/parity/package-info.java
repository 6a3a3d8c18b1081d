/**
 * PyTorch parity: replay a reference run exported by {@code reference/pytorch/export.py} through a lesson's own
 * configuration and compare losses, parameters and outputs. Reference arrays are read by {@link
 * dev.dl4jlessons.parity.Npy}, wholly in Java.
 */
package dev.dl4jlessons.parity;
