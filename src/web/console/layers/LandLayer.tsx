import { useEffect, useState } from 'react';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { afterCorridors } from './after-corridors.js';
import { collection, GeoJsonLayer, Z, type Feature } from './GeoJsonLayer.js';

/**
 * Land and borders from Natural Earth (world-atlas, public domain), shipped with the console and
 * fetched after the operation's own layers, so the map needs no tile server.
 */
export function LandLayer() {
  const [data, setData] = useState(collection([]));
  useEffect(() => {
    let alive = true;
    // After the corridors are drawn: the backdrop is the least urgent layer.
    void afterCorridors()
      .then(() => fetch(countriesUrl))
      .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection; land: GeometryCollection }>>)
      .then((topology) => {
        if (!alive) return;
        const land = feature(topology, topology.objects.land);
        const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
        setData(
          collection([
            ...('features' in land ? land.features : [land]).map((f): Feature => ({
              type: 'Feature',
              geometry: f.geometry,
              properties: { kind: 'land' },
            })),
            { type: 'Feature', geometry: borders, properties: { kind: 'border' } },
          ]),
        );
      })
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  return (
    <GeoJsonLayer
      id="land"
      z={Z.land}
      data={data}
      layers={[
        {
          id: 'land-fill',
          type: 'fill',
          filter: ['==', ['get', 'kind'], 'land'],
          paint: { 'fill-color': '#f2efe6' },
        },
        {
          id: 'land-borders',
          type: 'line',
          filter: ['==', ['get', 'kind'], 'border'],
          paint: { 'line-color': '#9a8f80', 'line-width': 1.2, 'line-dasharray': [3, 2] },
        },
      ]}
    />
  );
}
