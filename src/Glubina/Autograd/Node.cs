using Glubina.Tensors;

namespace Glubina.Autograd;

/// <summary>
/// One recorded operation: it knows its inputs and turns the gradient of its output into gradients of its
/// inputs. Each primitive op defines its node next to its forward code.
/// </summary>
internal abstract class Node
{
    private readonly Tensor[] _inputs;
    private bool _released;

    protected Node(params Tensor[] inputs) => _inputs = inputs;

    /// <summary>Op name for error messages ("mul", "matmul", …).</summary>
    public abstract string Name { get; }

    public ReadOnlySpan<Tensor> Inputs => _inputs;

    /// <summary>Whether input <paramref name="i"/> needs a gradient.</summary>
    protected bool NeedsGrad(int i) => _inputs[i].RequiresGrad;

    /// <summary>Gradients for each input (null where not needed), given the output's gradient.</summary>
    protected abstract Tensor?[] Backward(Tensor gradOutput);

    internal Tensor?[] Run(Tensor gradOutput)
    {
        if (_released)
            throw new InvalidOperationException(
                $"Trying to backward through the graph a second time (at '{Name}'): its saved tensors were freed after " +
                "the first Backward(). Call Backward(retainGraph: true) the first time if you need to backward twice.");
        return Backward(gradOutput);
    }

    /// <summary>Frees what the node saved for backward.</summary>
    internal virtual void Release() => _released = true;

    /// <summary>Records <paramref name="node"/> as the creator of <paramref name="output"/> when any input needs gradients.</summary>
    internal static Tensor Record(Tensor output, Node node)
    {
        output.SetGradFn(node);
        return output;
    }

    /// <summary>True when an op on these inputs must be recorded.</summary>
    internal static bool ShouldRecord(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    internal static bool ShouldRecord(Tensor a, Tensor b) => GradMode.IsEnabled && (a.RequiresGrad || b.RequiresGrad);

    internal static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!GradMode.IsEnabled)
            return false;
        foreach (Tensor t in inputs)
            if (t.RequiresGrad)
                return true;
        return false;
    }
}
