package exercises;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Exercise 3: the notebook's {@code ModelWithBoth} in DL4J. Check it with {@code course check NotebookModelInDl4j}.
 *
 * <pre>{@code
 * class ModelWithBoth(nn.Module):          # PyTorch, from the notebook
 *     fc1 = nn.Linear(10, 50); bn1 = nn.BatchNorm1d(50); dropout = nn.Dropout(0.2)
 *     fc2 = nn.Linear(50, 20); bn2 = nn.BatchNorm1d(20); fc3 = nn.Linear(20, 1)
 *     def forward(self, x):
 *         x = torch.relu(self.bn1(self.fc1(x))); x = self.dropout(x)
 *         x = torch.relu(self.bn2(self.fc2(x))); return self.fc3(x)
 * # nn.MSELoss(), optim.Adam(lr=0.01)
 * }</pre>
 */
public final class NotebookModelInDl4j {
    private NotebookModelInDl4j() {
    }

    /**
     * The model as a {@code MultiLayerConfiguration}: eight layers (Dense, BatchNormalization, ActivationLayer,
     * DropoutLayer, Dense, BatchNormalization, ActivationLayer, OutputLayer with MSE), PyTorch's defaults written
     * out in DL4J terms (decay 0.9 and eps 1e-5 for batch norm, weights drawn as {@code nn.Linear} draws them), and
     * {@code dev.dl4jlessons.harness.PyTorchDefaults.adam(0.01)} as the updater. Mind DL4J's defaults: which
     * activation does a layer get when you set none, and what does the number in {@code new DropoutLayer(x)} mean?
     *
     * <p>Example of the builder's shape (one layer, not the answer):
     * {@code new NeuralNetConfiguration.Builder().seed(seed).list().layer(new DenseLayer.Builder().nIn(10).nOut(50)
     * .build())...build()}.
     *
     * <p>The check compares the structure, then trains your model and the combined lesson's for 5 epochs with seed 42:
     * the losses must be the same.
     *
     * @param seed the seed of the initial weights
     * @return the configuration
     */
    public static MultiLayerConfiguration configuration(long seed) {
        throw new UnsupportedOperationException("not done yet");
    }
}
