/** Tests of the training UI behind {@code --ui}: the launcher's side, and the page in a headless browser. */
package dev.dl4jlessons.ui;
