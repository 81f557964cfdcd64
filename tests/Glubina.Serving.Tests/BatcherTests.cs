using Glubina.Inference;
using Glubina.Serving.Batching;
using Glubina.Tensors;

namespace Glubina.Serving.Tests;

/// <summary>The batcher on its own: answers in order, after completion, and one bad request does not fail the others.</summary>
public sealed class BatcherTests
{
    [Fact]
    public async Task Requests_after_complete_are_still_answered_on_their_own()
    {
        var predictor = Predictor.Load(TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "m.safetensors")));
        var sizes = new List<int>();
        var batcher = new DynamicBatcher(predictor, maxBatchSize: 8, maxDelay: TimeSpan.FromMilliseconds(50), rows => { lock (sizes) sizes.Add(rows); });
        var x = Tensor.FromArray(TestModels.RandomData(8, seed: 81), 2, 4);

        var before = await batcher.SubmitAsync(x);
        batcher.Complete();
        await batcher.Completion;
        var after = await batcher.SubmitAsync(x);

        Assert.Equal(predictor.Forward(x).ToArray<float>(), Enumerable.Range(0, 2).SelectMany(r => after.Outputs(r).ToArray()));
        Assert.Equal(before.Probabilities(1), after.Probabilities(1));
        Assert.Equal([2, 2], sizes);
    }

    [Fact]
    public async Task A_bad_request_in_a_batch_fails_alone_and_row_shapes_are_not_mixed()
    {
        var model = TestModels.Seeded(new Glubina.Nn.Sequential(new Glubina.Nn.Conv2d(1, 2, 3), new Glubina.Nn.Flatten()), seed: 82);
        var predictor = new Predictor(new Glubina.Serialization.ModelFile(model) { Task = "regression" });
        var batcher = new DynamicBatcher(predictor, maxBatchSize: 8, maxDelay: TimeSpan.FromMilliseconds(100), _ => { });
        var good = Tensor.FromArray(TestModels.RandomData(25, seed: 83), 1, 1, 5, 5);
        var otherSize = Tensor.FromArray(TestModels.RandomData(36, seed: 84), 1, 1, 6, 6);
        var wrongChannels = Tensor.FromArray(TestModels.RandomData(50, seed: 85), 1, 2, 5, 5);

        var answers = new[] { batcher.SubmitAsync(good), batcher.SubmitAsync(wrongChannels), batcher.SubmitAsync(otherSize), batcher.SubmitAsync(good) };
        await Assert.ThrowsAnyAsync<Exception>(() => answers[1]);

        Assert.Equal(predictor.Forward(good).ToArray<float>(), (await answers[0]).Outputs(0).ToArray());
        Assert.Equal(predictor.Forward(otherSize).ToArray<float>(), (await answers[2]).Outputs(0).ToArray());
        Assert.Equal(new[] { 1, 18 }, (await answers[3]).OutputShape);
        Assert.Equal(new[] { 1, 32 }, (await answers[2]).OutputShape);
        batcher.Complete();
    }
}
