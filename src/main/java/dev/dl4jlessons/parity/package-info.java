/**
 * PyTorch parity: replay a reference run exported by {@code reference/pytorch/export.py} through a lesson's own
 * configuration and compare losses, parameters and outputs.
 */
package dev.dl4jlessons.parity;
