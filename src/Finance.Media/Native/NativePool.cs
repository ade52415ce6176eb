namespace Finance.Media.Native;

/// <summary>
/// Native engines of one configuration (pocketsphinx decoders, Tesseract engines), created on first use; one engine
/// serves one thread at a time. An engine is freed only when no caller holds it: disposing frees the idle ones, and one
/// still working (its caller answered at the timeout, or a host shutting down) is freed when its native call ends and it
/// comes back. libpocketsphinx died in hmm_vit_eval when a decoder was freed under a decode that had timed out.
/// </summary>
internal sealed class NativePool(Func<IntPtr> create, Action<IntPtr> free, Type owner) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Stack<IntPtr> _idle = [];
    private readonly TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _alive;
    private bool _disposed;

    /// <summary>Completes once the pool is disposed and every engine it made is freed.</summary>
    public Task Freed => _freed.Task;

    public int Alive { get { lock (_gate) return _alive; } }

    public IntPtr Borrow()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            if (_idle.TryPop(out var idle)) return idle;
            _alive++; // counted before it exists, so a Dispose meanwhile waits for its Return
        }
        try
        {
            return create();
        }
        catch
        {
            Forget();
            throw;
        }
    }

    public void Return(IntPtr engine)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _idle.Push(engine);
                return;
            }
        }
        free(engine);
        Forget();
    }

    public void Dispose()
    {
        IntPtr[] idle;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            if (_alive == 0) _freed.TrySetResult();
        }
        foreach (var engine in idle)
        {
            free(engine);
            Forget();
        }
    }

    private void Forget()
    {
        lock (_gate)
            if (--_alive == 0 && _disposed) _freed.TrySetResult();
    }
}
