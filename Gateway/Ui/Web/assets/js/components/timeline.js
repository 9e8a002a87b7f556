// The last hour of a camera, per minute: a faint bar for the frames that arrived, a bright one for those with motion.
import { h, svg, formatTime } from '../dom.js';

const width = 600;
const height = 80;

export function motionTimeline(timeline) {
  const buckets = timeline.buckets;
  const maxFrames = Math.max(1, ...buckets.map((bucket) => bucket.frames));
  const slot = width / buckets.length;
  const plot = height - 1;
  const bars = buckets.flatMap((bucket, index) => {
    const x = index * slot;
    const label = `${formatTime(bucket.start)}: ${bucket.frames} frame${bucket.frames === 1 ? '' : 's'}, ${bucket.motion_frames} with motion`;
    const frames = (bucket.frames / maxFrames) * plot;
    const motion = (bucket.motion_frames / maxFrames) * plot;
    return [
      svg('rect', { class: 'bar-frames', x: x + 1, y: plot - frames, width: slot - 2, height: frames }, svg('title', {}, label)),
      bucket.motion_frames > 0
        ? svg('rect', { class: 'bar-motion', x: x + 1, y: plot - Math.max(motion, 3), width: slot - 2, height: Math.max(motion, 3) }, svg('title', {}, label))
        : null,
    ].filter(Boolean);
  });
  const minutes = buckets.filter((bucket) => bucket.motion_frames > 0).length;
  const motionFrames = buckets.reduce((sum, bucket) => sum + bucket.motion_frames, 0);
  const summary = `Motion in ${minutes} of the last ${buckets.length} minutes (${motionFrames} frame${motionFrames === 1 ? '' : 's'}); tracked since ${formatTime(timeline.tracked_since)}.`;
  return h('figure', { class: 'timeline' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, preserveAspectRatio: 'none', class: 'timeline-chart' },
      svg('line', { class: 'axis', x1: 0, y1: plot + 0.5, x2: width, y2: plot + 0.5 }),
      ...bars),
    h('div', { class: 'timeline-axis muted', 'aria-hidden': 'true' }, h('span', {}, formatTime(timeline.from)), h('span', {}, '−30 min'), h('span', {}, 'now')),
    h('figcaption', { class: 'muted' }, summary));
}
