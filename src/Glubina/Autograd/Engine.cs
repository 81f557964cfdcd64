using Glubina.Tensors;

namespace Glubina.Autograd;

/// <summary>Reverse-mode execution: walks the recorded graph from an output back to the leaves, summing
/// gradients where a tensor feeds several ops, and accumulating into each leaf's <see cref="Tensor.Grad"/>.</summary>
internal static class Engine
{
    public static void Backward(Tensor root, Tensor gradRoot, bool retainGraph)
    {
        if (root.GradFn is null)
        {
            if (!root.RequiresGrad)
                throw new InvalidOperationException(
                    "Backward: the tensor does not require grad and has no grad_fn; set RequiresGrad on the inputs " +
                    "before computing it (and not inside GradMode.NoGrad()).");
            AccumulateLeaf(root, gradRoot);
            return;
        }

        // Count, for each node, how many edges lead into it so it runs only once all gradients have arrived.
        var dependencies = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Node>();
        stack.Push(root.GradFn);
        dependencies[root.GradFn] = 0;
        while (stack.Count > 0)
        {
            Node node = stack.Pop();
            foreach (Tensor input in node.Inputs)
            {
                if (input.GradFn is not { } next)
                    continue;
                if (dependencies.TryGetValue(next, out int count))
                    dependencies[next] = count + 1;
                else
                {
                    dependencies[next] = 1;
                    stack.Push(next);
                }
            }
        }

        var pending = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance) { [root.GradFn] = gradRoot };
        var ready = new Stack<(Node Node, Tensor Output)>();
        ready.Push((root.GradFn, root));
        using var noGrad = GradMode.NoGrad();
        while (ready.Count > 0)
        {
            var (node, output) = ready.Pop();
            Tensor grad = pending[node];
            pending.Remove(node);
            if (output.RetainsGrad)
                AccumulateLeaf(output, grad);
            Tensor?[] grads = node.Run(grad);
            if (!retainGraph)
                node.Release();
            var inputs = node.Inputs;
            for (int i = 0; i < inputs.Length; i++)
            {
                Tensor input = inputs[i];
                Tensor? g = grads[i];
                if (g is null || !input.RequiresGrad)
                    continue;
                if (!g.Shape.SequenceEqual(input.Shape))
                    throw new InvalidOperationException(
                        $"Internal error: '{node.Name}' produced a gradient of shape {ShapeMath.Format(g.Shape)} " +
                        $"for input {i} of shape {ShapeMath.Format(input.Shape)}.");
                if (input.GradFn is not { } next)
                {
                    AccumulateLeaf(input, g);
                    continue;
                }
                pending[next] = pending.TryGetValue(next, out Tensor? sum) ? sum.Add(g) : g;
                int left = dependencies[next] - 1;
                dependencies[next] = left;
                if (left == 0)
                    ready.Push((next, input));
            }
        }
    }

    private static void AccumulateLeaf(Tensor leaf, Tensor grad)
    {
        if (leaf.Grad is null)
        {
            // The leaf owns its gradient: a fresh contiguous copy that no TensorScope disposes.
            Tensor copy = Ops.CopyOps.RawCopy(grad);
            TensorScope.Release(copy);
            leaf.Grad = copy;
        }
        else
        {
            leaf.Grad.AddInPlace(grad);
        }
    }
}
