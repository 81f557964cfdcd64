using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Losses;

/// <summary>Every loss case of tests/fixtures/nn/losses.json (each loss, option and reduction): the loss value and
/// the gradient of Σ loss·g with respect to the input must match torch.nn.</summary>
public sealed class LossFixtureTests
{
    public static TheoryData<string> Cases() => new(NnFixtures.Losses.Keys);

    [Fact]
    public void The_fixture_covers_every_loss_and_reduction()
    {
        string[] losses = ["MseLoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "BceLoss", "BceWithLogitsLoss", "NllLoss", "CrossEntropyLoss"];
        foreach (string loss in losses)
            foreach (string reduction in new[] { "mean", "sum", "none" })
                Assert.Contains(NnFixtures.Losses.Values, c => c.Loss == loss && c.Attrs.GetProperty("reduction").GetString() == reduction);
        Assert.True(NnFixtures.Losses.Count >= 120, $"only {NnFixtures.Losses.Count} loss cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = NnFixtures.Losses[name];
        Loss loss = NnFixtures.BuildLoss(c);
        Tensor x = NnFixtures.ToTensor(c.Input);
        x.RequiresGrad = true;
        Tensor target = NnFixtures.ToTensor(c.Target);

        Tensor y = loss.Forward(x, target);
        NnFixtures.AssertClose(c.Output, y, $"{name} output");

        y.Mul(NnFixtures.ToTensor(c.GradOutput)).Sum().Backward();
        Assert.True(x.Grad is not null, $"{name}: the input got no gradient");
        NnFixtures.AssertClose(c.GradInput, x.Grad!, $"{name} input gradient");
    }
}
