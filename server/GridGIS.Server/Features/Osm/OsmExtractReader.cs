using System.Globalization;
using System.Xml;
using GridGIS.Core.Import.Osm;
using GridGIS.Server.Features.Network;
using OsmSharp;
using OsmSharp.Streams;

namespace GridGIS.Server.Features.Osm;

/// <summary>
/// Reads a whole OpenStreetMap extract, .osm XML (XmlReader, streaming, no DTD) or .osm.pbf (OsmSharp), into an
/// <see cref="OsmExtract"/>: nodes with their tags, ways, relations. The facility and basemap imports read it; the
/// walking network keeps its own reader (<see cref="OsmReader"/>). The format is told from the content, as there.
/// Errors are <see cref="OsmFormatException"/>s saying what and where (line and column for XML).
/// </summary>
internal static class OsmExtractReader
{
    public static OsmExtract Read(Stream stream)
    {
        var buffered = stream.CanSeek ? stream : Copy(stream);
        var head = new byte[16];
        var n = buffered.Read(head, 0, head.Length);
        buffered.Position = 0;
        if (n == 0) throw new OsmFormatException("the file is empty");
        var isPbf = n >= 13 && System.Text.Encoding.ASCII.GetString(head, 6, Math.Min(9, n - 6)) == "OSMHeader";
        var extract = new OsmExtract();
        if (isPbf) ReadPbf(buffered, extract);
        else ReadXml(buffered, extract);
        return extract;
    }

    private static MemoryStream Copy(Stream s)
    {
        var m = new MemoryStream();
        s.CopyTo(m);
        m.Position = 0;
        return m;
    }

    private static void ReadPbf(Stream stream, OsmExtract extract)
    {
        long count = 0;
        try
        {
            foreach (var g in new PBFOsmStreamSource(stream))
            {
                count++;
                switch (g)
                {
                    case Node { Id: { } id, Longitude: { } lon, Latitude: { } lat } node:
                        extract.AddNode(id, lon, lat, Tags(node));
                        break;
                    case Way { Id: { } wid, Nodes: { } refs } way:
                        extract.AddWay(wid, refs, Tags(way));
                        break;
                    case Relation { Id: { } rid, Members: { } members } relation:
                        extract.AddRelation(rid, members.Select(m => new OsmMember(Type(m.Type), m.Id, m.Role ?? "")).ToList(), Tags(relation));
                        break;
                }
            }
        }
        catch (Exception e) when (e is not OsmFormatException and not OutOfMemoryException)
        {
            throw new OsmFormatException($"the .osm.pbf file is not readable after {count} elements: {e.Message}", e);
        }
    }

    private static OsmType Type(OsmGeoType t) => t switch
    {
        OsmGeoType.Node => OsmType.Node,
        OsmGeoType.Way => OsmType.Way,
        _ => OsmType.Relation,
    };

    private static Dictionary<string, string> Tags(OsmGeo g)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (g.Tags is not null) foreach (var t in g.Tags) tags[t.Key] = t.Value;
        return tags;
    }

    private sealed class Pending
    {
        public string Element = "";
        public long Id;
        public double Lon, Lat;
        public readonly List<long> Refs = [];
        public readonly List<OsmMember> Members = [];
        public readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal);
    }

    private static void ReadXml(Stream stream, OsmExtract extract)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var xml = XmlReader.Create(stream, settings);
        var info = (IXmlLineInfo)xml;
        Pending? open = null;
        try
        {
            // An XML file is OSM only under <osm>: anything else is refused, not read as an empty extract.
            if (xml.MoveToContent() != XmlNodeType.Element || xml.Name != "osm")
                throw new OsmFormatException($"not an OpenStreetMap file: the root element is <{xml.Name}>, not <osm> (line {info.LineNumber})");
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    switch (xml.Name)
                    {
                        case "node" or "way" or "relation":
                            open = new Pending { Element = xml.Name, Id = Long(xml, "id", info) };
                            if (xml.Name == "node") (open.Lon, open.Lat) = (Double(xml, "lon", info), Double(xml, "lat", info));
                            if (xml.IsEmptyElement) { Finish(open, extract, info); open = null; }
                            break;
                        case "bounds":
                            try
                            {
                                extract.DeclareBounds(Double(xml, "minlon", info), Double(xml, "minlat", info), Double(xml, "maxlon", info), Double(xml, "maxlat", info));
                            }
                            catch (ArgumentOutOfRangeException e) { throw At(info, e.Message.Split(Environment.NewLine)[0]); }
                            break;
                        case "nd" when open is { Element: "way" }:
                            open.Refs.Add(Long(xml, "ref", info));
                            break;
                        case "member" when open is { Element: "relation" }:
                            var type = xml.GetAttribute("type") switch
                            {
                                "node" => OsmType.Node,
                                "way" => OsmType.Way,
                                "relation" => OsmType.Relation,
                                var t => throw At(info, $"<member> has type '{t}'; node, way or relation"),
                            };
                            open.Members.Add(new OsmMember(type, Long(xml, "ref", info), xml.GetAttribute("role") ?? ""));
                            break;
                        case "tag" when open is not null:
                            open.Tags[xml.GetAttribute("k") ?? throw At(info, "a <tag> without k")] = xml.GetAttribute("v") ?? "";
                            break;
                    }
                }
                else if (xml.NodeType == XmlNodeType.EndElement && open is not null && xml.Name == open.Element)
                {
                    Finish(open, extract, info);
                    open = null;
                }
            }
        }
        catch (XmlException e)
        {
            throw new OsmFormatException($"the .osm XML is not well-formed at line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
        }
    }

    private static void Finish(Pending p, OsmExtract extract, IXmlLineInfo info)
    {
        try
        {
            switch (p.Element)
            {
                case "node": extract.AddNode(p.Id, p.Lon, p.Lat, p.Tags); break;
                case "way": extract.AddWay(p.Id, p.Refs, p.Tags); break;
                default: extract.AddRelation(p.Id, p.Members, p.Tags); break;
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw At(info, e.Message.Split(Environment.NewLine)[0]);
        }
    }

    private static long Long(XmlReader x, string name, IXmlLineInfo info) =>
        long.TryParse(x.GetAttribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw At(info, $"<{x.Name}> needs an integer '{name}', not '{x.GetAttribute(name)}'");

    private static double Double(XmlReader x, string name, IXmlLineInfo info) =>
        double.TryParse(x.GetAttribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw At(info, $"<{x.Name}> needs a number '{name}', not '{x.GetAttribute(name)}'");

    private static OsmFormatException At(IXmlLineInfo info, string what) =>
        new($"line {info.LineNumber}, column {info.LinePosition}: {what}");
}
