package dev.dl4jlessons.playground;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.playground.PlaygroundSettings.Act;
import dev.dl4jlessons.playground.PlaygroundSettings.Optimizer;
import dev.dl4jlessons.playground.PlaygroundSettings.Placement;

class SpiralProbeTest {
    @Test
    void probe() {
        for (var c : List.of(
                new PlaygroundSettings(Problem.SPIRAL, 0, 50, 400, 10, List.of(16, 16, 16), List.of(0.0, 0.0, 0.0),
                        List.of(false, false, false), Placement.AFTER, Act.RELU, Optimizer.ADAM, 0.03, 0, 1, 200),
                new PlaygroundSettings(Problem.SPIRAL, 0, 50, 400, 10, List.of(24, 24), List.of(0.0, 0.0),
                        List.of(false, false), Placement.AFTER, Act.TANH, Optimizer.ADAM, 0.03, 0, 1, 200),
                new PlaygroundSettings(Problem.SPIRAL, 0, 50, 400, 10, List.of(16, 16, 16), List.of(0.0, 0.0, 0.0),
                        List.of(true, true, true), Placement.AFTER, Act.RELU, Optimizer.ADAM, 0.03, 0, 1, 200))) {
            var s = new Session(c);
            var sb = new StringBuilder();
            for (int k = 0; k <= 5; k++) {
                var st = s.snapshot(false);
                sb.append(String.format(Locale.ROOT, " %d:%.3f/%.2f", s.steps(), st.getDouble("testLoss"),
                        st.getDouble("testAccuracy")));
                for (int i = 0; i < 300; i++) {
                    s.step(false);
                }
            }
            System.out.println("PROBE " + c.units() + c.activation() + c.batchNorm() + sb);
        }
    }
}
