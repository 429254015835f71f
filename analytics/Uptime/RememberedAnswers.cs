using System.Collections.Concurrent;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Answers to a query's questions remembered within a scope of one async flow (a report build): the same question
/// asked again in the scope gets the first answer (the same task), outside any scope it is asked every time. A report
/// asks several of its sections' questions more than once, and one answer also keeps the sections consistent with
/// each other while ingest goes on.
/// </summary>
internal sealed class RememberedAnswers<TQuestion, TAnswer> where TQuestion : notnull
{
    private readonly AsyncLocal<ConcurrentDictionary<TQuestion, Lazy<Task<TAnswer>>>?> _remembered = new();

    /// <summary>Remembers until the returned scope is disposed; then what was remembered outside it is back.</summary>
    public IDisposable Open()
    {
        var outer = _remembered.Value;
        _remembered.Value = new();
        return new RememberScope(() => _remembered.Value = outer);
    }

    /// <summary>The remembered answer, else <paramref name="ask"/>'s; asked once even when sections ask at the same time (Lazy).</summary>
    public Task<TAnswer> Ask(TQuestion question, Func<Task<TAnswer>> ask) =>
        _remembered.Value is { } remembered ? remembered.GetOrAdd(question, _ => new Lazy<Task<TAnswer>>(ask)).Value : ask();
}
