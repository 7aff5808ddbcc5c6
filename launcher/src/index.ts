export { startStack, type StackOptions, type RunningStack } from './startStack.ts';
