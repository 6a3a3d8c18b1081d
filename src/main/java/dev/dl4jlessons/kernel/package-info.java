/**
 * The course's own Jupyter kernel: Java cells run by the JDK's JShell in the kernel's JVM, with the course, DL4J and
 * ND4J on its class path; the Jupyter protocol comes from the {@code jjava-jupyter} library. {@code kernel install}
 * writes its kernelspec ({@link dev.dl4jlessons.kernel.KernelSpec}).
 */
package dev.dl4jlessons.kernel;
