// cold-wake: the wake-up floor in C, with no JVM, to tell the machine's share of a paced wake from Java's.
// A writer process fills FILL bytes of a hugetlbfs mapping every 20 ms, stamps CLOCK_MONOTONIC and wakes a
// sleeping child with FUTEX_WAKE (only if its sleeper flag is set, as framebus does). The child reads the
// clock as its wait returns, then reads K cache lines on K distinct 4 KiB pages: none, of one 2 MiB
// hugetlbfs page, or of 4 KiB-page anonymous memory (the three variants interleave wake by wake), and with
// TOUCH=1 then reads one byte per 4 KiB page of the frame, as a bench `touch` reader does.
//
//   mount -t hugetlbfs none /dev/hugepages; echo 64 > /proc/sys/vm/nr_hugepages
//   gcc -O2 -o cold-wake docs/bench/floor/cold-wake.c
//   for f in 65536 6220800 24883200; do ./cold-wake $f 16 200 1; done     # FILL K WAKES TOUCH
//
// Not part of the build: the figures it gave are in docs/bench/close-to-the-floor.md.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
static inline long now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000L+t.tv_nsec;}
struct shared { volatile int word; char p1[60]; volatile long seq; char p2[56]; volatile long stamp; char p3[56]; volatile int sleeping; };
static int cmp(const void*a,const void*b){long x=*(long*)a,y=*(long*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  long fill=atol(argv[1]); int touch=argc>4?atoi(argv[4]):0; int K=atoi(argv[2]); int wakes=atoi(argv[3]); long period=20000000L;
  int fd=open("/dev/hugepages/coldprobe",O_CREAT|O_RDWR,0600); unlink("/dev/hugepages/coldprobe");
  long hsize=(2L<<20)*(1+(fill+(2L<<20)-1)/(2L<<20))*2;
  char*h=mmap(0,hsize,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); if(h==MAP_FAILED){perror("mmap");return 1;}
  memset(h,0,hsize);
  struct shared*s=(struct shared*)h; char*payload=h+(2L<<20);
  pid_t pid=fork();
  if(pid==0){
    char*anon=mmap(0,4096L*K*2,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
    madvise(anon,4096L*K*2,MADV_NOHUGEPAGE); memset(anon,1,4096L*K*2);
    char*huge=mmap(0,2L<<20,PROT_READ|PROT_WRITE,MAP_SHARED,fd,hsize-(2L<<20)); memset(huge,1,2L<<20);
    long*lat[3],*work[3]; int n[3]={0,0,0}; for(int v=0;v<3;v++){lat[v]=calloc(wakes,8);work[v]=calloc(wakes,8);}
    long seen=0; volatile long sink=0;
    for(;;){
      __atomic_store_n(&s->sleeping,1,__ATOMIC_SEQ_CST);
      int w=s->word;
      if(s->seq==seen) syscall(SYS_futex,&s->word,FUTEX_WAIT,w,0,0,0);
      __atomic_store_n(&s->sleeping,0,__ATOMIC_SEQ_CST);
      long t0=now(); long q=s->seq; if(q==seen) continue; if(q<0) break;
      int v=q%3; long acc=0;
      if(v==1) for(int i=0;i<K;i++) acc+=huge[i*4096L+((i*7)&63)*64];
      if(v==2) for(int i=0;i<K;i++) acc+=anon[i*2*4096L+((i*7)&63)*64];
      long t1=now(); sink+=acc;
      if(q>30 && n[v]<wakes){lat[v][n[v]]=t0-s->stamp;work[v][n[v]]=t1-t0;n[v]++;}
      if(touch) for(long i=0;i<fill;i+=4096) sink+=payload[i];
      seen=q;
    }
    const char*names[3]={"none","hugetlbfs","4k-anon"};
    for(int v=0;v<3;v++){qsort(lat[v],n[v],8,cmp);qsort(work[v],n[v],8,cmp);
      printf("touch=%d fill=%ld K=%d %-9s n=%d wake p50 %.1f us | touch K lines p50 %.2f p90 %.2f us (%.2f us/line)\n",touch,fill,K,names[v],n[v],
        lat[v][n[v]/2]/1e3,work[v][n[v]/2]/1e3,work[v][n[v]*9/10]/1e3,K?work[v][n[v]/2]/1e3/K:0);}
    return 0;
  }
  long due=now()+200000000L;
  for(long q=1;q<=wakes*3+40;q++){
    while(now()<due){struct timespec t={0,due-now()};nanosleep(&t,0);}
    for(long i=0;i<fill;i+=8)*(long*)(payload+i)=q+i;
    s->stamp=now(); __atomic_store_n(&s->seq,q,__ATOMIC_SEQ_CST);
    __atomic_fetch_add(&s->word,1,__ATOMIC_SEQ_CST);
    if(__atomic_load_n(&s->sleeping,__ATOMIC_SEQ_CST)) syscall(SYS_futex,&s->word,FUTEX_WAKE,1,0,0,0);
    due+=period;
  }
  usleep(50000); s->seq=-1; __atomic_fetch_add(&s->word,1,__ATOMIC_SEQ_CST); syscall(SYS_futex,&s->word,FUTEX_WAKE,1,0,0,0);
  waitpid(pid,0,0); return 0;
}
