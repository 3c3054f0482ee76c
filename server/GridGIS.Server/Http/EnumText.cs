using System.Collections.Frozen;
using System.Text;

namespace GridGIS.Server.Http;

/// <summary>
/// The one parser of enum words in requests, configuration and the command line. A value's word is its
/// name in snake case (<c>ReachMode.Euclidean</c> is <c>euclidean</c>, <c>GridKind.ForeignResident</c>
/// <c>foreign_resident</c>), matched without regard to case and surrounding spaces. Only the words
/// parse: numbers (<c>-1</c>, <c>1</c>) and flag lists (<c>network,euclidean</c>), which
/// <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would take, are refused.
/// </summary>
internal static class EnumText
{
    /// <summary>The word for <paramref name="value"/>, as the API writes it.</summary>
    public static string Name<T>(T value) where T : struct, Enum => Words<T>.ByValue[value];

    /// <summary>Every word of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names<T>() where T : struct, Enum => Words<T>.All;

    /// <summary>
    /// <paramref name="text"/> as a <typeparamref name="T"/>; null (not given) is <paramref name="fallback"/>.
    /// False (and <paramref name="fallback"/>) for anything that is not one of the words, the empty text too.
    /// </summary>
    public static bool TryParse<T>(string? text, T fallback, out T value) where T : struct, Enum
    {
        value = fallback;
        if (text is null) return true;
        if (!Words<T>.ByWord.TryGetValue(text.Trim(), out var word)) return false;
        value = word;
        return true;
    }

    /// <summary>Like the other overload, for an optional value: null text is a null <paramref name="value"/>.</summary>
    public static bool TryParse<T>(string? text, out T? value) where T : struct, Enum
    {
        value = null;
        if (text is null) return true;
        if (!Words<T>.ByWord.TryGetValue(text.Trim(), out var word)) return false;
        value = word;
        return true;
    }

    /// <summary><paramref name="text"/> as a <typeparamref name="T"/>, for values already checked (configuration validated at start-up).</summary>
    public static T Parse<T>(string text) where T : struct, Enum =>
        Words<T>.ByWord.TryGetValue(text.Trim(), out var value)
            ? value : throw new ArgumentOutOfRangeException(nameof(text), text, Allowed<T>());

    /// <summary>"'network' or 'euclidean'", "one of 'a', 'b', 'c'": the allowed words, for a problem's detail.</summary>
    public static string Allowed<T>() where T : struct, Enum
    {
        var quoted = Words<T>.All.Select(w => $"'{w}'").ToArray();
        return quoted.Length switch
        {
            1 => quoted[0],
            2 => $"{quoted[0]} or {quoted[1]}",
            _ => "one of " + string.Join(", ", quoted),
        };
    }

    /// <summary>400 naming query or route value <paramref name="parameter"/>, the allowed words and (clipped) what was sent.</summary>
    public static BadRequestProblem BadParameter<T>(string parameter, string? text) where T : struct, Enum =>
        Problems.Parameter(parameter, Detail<T>(parameter, text));

    /// <summary>400 naming body member <paramref name="field"/>, the allowed words and (clipped) what was sent.</summary>
    public static BadRequestProblem BadField<T>(string field, string? text) where T : struct, Enum =>
        Problems.Field(field, Detail<T>(field, text));

    private static string Detail<T>(string name, string? text) where T : struct, Enum =>
        $"{name} must be {Allowed<T>()}, not '{(text is { Length: > 40 } ? text[..40] + "..." : text)}'";

    /// <summary>PascalCase to snake_case: ForeignResident to foreign_resident.</summary>
    internal static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    private static class Words<T> where T : struct, Enum
    {
        public static readonly string[] All = Enum.GetValues<T>().Select(v => Snake(v.ToString())).ToArray();
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Snake(v.ToString()));
        public static readonly FrozenDictionary<string, T> ByWord =
            Enum.GetValues<T>().ToFrozenDictionary(v => Snake(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);
    }
}
