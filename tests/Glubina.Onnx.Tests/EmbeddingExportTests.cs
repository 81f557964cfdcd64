using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Onnx.Tests;

public sealed class EmbeddingExportTests
{
    [Fact]
    public void Embedding_then_dense_takes_int64_ids()
    {
        // The ids pass through an Identity first: pass-through layers keep the int64 type.
        var model = new Sequential(new Identity(), new Embedding(20, 4, paddingIdx: 0), new Flatten(), new Linear(24, 3));
        var generator = new Generator(2);
        OnnxCheck.Matches(model, [6], 1e-5, makeInput: shape => Tensor.RandInt(0, 20, shape, generator));
    }
}
