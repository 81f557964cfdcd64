using Glubina.Serialization;
using Glubina.Tensors;
using static Glubina.Tests.Serialization.SafeTensorsTestFiles;

namespace Glubina.Tests.Serialization;

public sealed class AtomicFileTests
{
    [Fact]
    public void Writes_a_new_file_and_replaces_an_old_one_leaving_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("out.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        AtomicFile.WriteAllBytes(path, [9]);
        Assert.Equal([9], File.ReadAllBytes(path));
        AtomicFile.WriteAllText(path, "héllo");
        Assert.Equal("héllo"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], folder.Entries());
    }

    [Fact]
    public void A_failure_mid_write_leaves_the_old_file_intact_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("checkpoint.bin");
        File.WriteAllBytes(path, [7, 7, 7]);
        string? seenTemporary = null;
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            seenTemporary = Directory.GetFiles(folder.Root).Single(f => f != path);
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("disk on fire", e.Message);
        Assert.Equal([7, 7, 7], File.ReadAllBytes(path));
        Assert.Equal(["checkpoint.bin"], folder.Entries());
        // The data went to a hidden temporary file beside the target, not to the target itself.
        Assert.Equal(folder.Root, Path.GetDirectoryName(seenTemporary));
        Assert.StartsWith(".checkpoint.bin.", Path.GetFileName(seenTemporary));
    }

    [Fact]
    public void A_safetensors_save_that_fails_midway_keeps_the_previous_checkpoint_loadable()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });

        var disposed = Tensor.Zeros(1000);
        disposed.Dispose();
        // "a" (F32, sorted first) is written before the disposed tensor "b" fails.
        Assert.Throws<ObjectDisposedException>(() =>
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(50_000), ["b"] = disposed }));

        Assert.Equal([1f, 1, 1], SafeTensors.Load(path)["w"].ToArray<float>());
        Assert.Equal(["model.safetensors"], folder.Entries());
    }

    [Fact]
    public void Disposing_the_stream_inside_the_callback_is_harmless()
    {
        using var folder = new TempFolder();
        string path = folder.File("text.txt");
        AtomicFile.Write(path, s =>
        {
            using var writer = new StreamWriter(s);
            writer.Write("written through a StreamWriter");
        });
        Assert.Equal("written through a StreamWriter", File.ReadAllText(path));
        Assert.Equal(["text.txt"], folder.Entries());
    }

    [Fact]
    public void A_missing_folder_or_a_folder_as_target_is_reported()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(folder.File("no/such/file.bin"), _ => { }));
        Assert.Contains("does not exist", missing.Message);
        Directory.CreateDirectory(folder.File("sub"));
        var isFolder = Assert.Throws<IOException>(() => AtomicFile.Write(folder.File("sub"), _ => { }));
        Assert.Contains("is a folder", isFolder.Message);
        Assert.Equal(["sub"], folder.Entries());
    }
}
